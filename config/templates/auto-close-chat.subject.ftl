Closed: ticket ${ticketNumber}

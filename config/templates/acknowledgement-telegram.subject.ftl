Ticket ${ticketNumber}

How did we do? Ticket ${ticketNumber}

Refund approved: ticket ${ticketNumber}

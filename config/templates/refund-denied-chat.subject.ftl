Refund request: ticket ${ticketNumber}

Waiting for your answer: ticket ${ticketNumber}

Thanks! Your message is ticket #${ticketNumber}; we will answer here within ${expectedResponse}.

Thanks, ${customerName}! Your message is ticket #${ticketNumber}. We will answer here within ${expectedResponse}. Just write in this chat to add anything.

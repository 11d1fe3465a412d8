Thanks, ${customerName}! Your message is ticket #${ticketNumber}. We will answer in this chat within ${expectedResponse}.

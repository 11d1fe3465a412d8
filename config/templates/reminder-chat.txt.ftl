We are still waiting for your answer on ticket #${ticketNumber}. Just write here to continue; otherwise we close it in ${autoCloseDays} business days.

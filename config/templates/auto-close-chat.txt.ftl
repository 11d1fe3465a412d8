We have closed ticket #${ticketNumber} as we have not heard from you. Write here any time if you still need help.

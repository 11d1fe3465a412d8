We have solved ticket #${ticketNumber}. If it is not solved after all, just write here and we reopen it.

How did we do? ${subject}

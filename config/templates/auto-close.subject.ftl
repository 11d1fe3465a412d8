Closed: ${subject}

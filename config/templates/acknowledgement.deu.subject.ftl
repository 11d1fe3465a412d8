AW: ${subject}

About your refund request: ${subject}

Escalated to ${escalationLevel}: ${subject}

Escalated to ${escalationLevel} by ${agentName}: ${subject}

${agentText}

${agentName} · ticket #${ticketNumber}

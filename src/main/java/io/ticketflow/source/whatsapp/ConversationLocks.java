package io.ticketflow.source.whatsapp;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Webhook calls arrive concurrently; two messages of one conversation must not both find "no ticket yet" and open two.
 * A fixed set of locks, chosen by the conversation's hash, keeps one conversation's messages in order (in this
 * instance) while others run side by side.
 */
final class ConversationLocks {

    private final ReentrantLock[] locks = new ReentrantLock[64];

    ConversationLocks() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    void run(String conversation, Runnable action) {
        ReentrantLock lock = locks[Math.floorMod(conversation == null ? 0 : conversation.hashCode(), locks.length)];
        lock.lock();
        try {
            action.run();
        }
        finally {
            lock.unlock();
        }
    }
}

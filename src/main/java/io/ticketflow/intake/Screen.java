package io.ticketflow.intake;

import io.ticketflow.screen.Screener;

/** {@code screen}: a person, or machine mail (auto-reply, bounce, list, our own loop, spam) that is never answered. */
final class Screen implements IntakeStep {

    private final Screener screener;

    Screen(Screener screener) {
        this.screener = screener;
    }

    @Override
    public String name() {
        return "screen";
    }

    @Override
    public Phase phase() {
        return Phase.DECIDE;
    }

    @Override
    public void apply(MessageInProgress m) {
        m.verdict = screener.screen(m.parsed);
    }
}

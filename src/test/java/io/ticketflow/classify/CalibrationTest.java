package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void thresholdGivesTheLargestCoverageAtTheTargetAccuracy() {
        List<Calibration.Outcome> outcomes = new ArrayList<>();
        // 10 sure and right, then 0.6-confidence ones half right, then 0.3 ones all wrong
        for (int i = 0; i < 10; i++) {
            outcomes.add(new Calibration.Outcome(0.95, true));
        }
        for (int i = 0; i < 4; i++) {
            outcomes.add(new Calibration.Outcome(0.6, i % 2 == 0));
        }
        for (int i = 0; i < 6; i++) {
            outcomes.add(new Calibration.Outcome(0.3, false));
        }
        Calibration.Operating strict = Calibration.threshold(outcomes, 0.99);
        assertThat(strict.threshold()).isEqualTo(0.95);
        assertThat(strict.coverage()).isEqualTo(0.5);
        Calibration.Operating loose = Calibration.threshold(outcomes, 0.85);
        assertThat(loose.threshold()).isEqualTo(0.6); // 12 right of 14
        assertThat(loose.decided()).isEqualTo(14);
        assertThat(Calibration.at(outcomes, 0.6).accuracy()).isCloseTo(12 / 14.0, within(1e-9));
        Calibration.Operating impossible = Calibration.threshold(List.of(new Calibration.Outcome(0.7, false)), 0.9);
        assertThat(impossible.coverage()).isZero();
        assertThat(impossible.threshold()).isGreaterThan(0.7);
    }

    @Test
    void temperatureMakesOverconfidentScoresHonest() {
        // a three-label model that says 0.99 but is right 70 % of the time
        Random random = new Random(3);
        List<Calibration.Scored> held = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double[] p = { 0.99, 0.005, 0.005 };
            held.add(new Calibration.Scored(p, random.nextDouble() < 0.7 ? 0 : 1 + random.nextInt(2)));
        }
        double factor = Calibration.fitFactor(held);
        assertThat(factor).isLessThan(1);
        List<Calibration.Outcome> after = Calibration.outcomes(held, factor);
        assertThat(after.get(0).confidence()).isCloseTo(0.7, within(0.03));
        assertThat(Calibration.expectedError(after)).isLessThan(Calibration.expectedError(Calibration.outcomes(held, 1)));
    }

    @Test
    void rescaleKeepsTheOrderAndSumsToOne() {
        double[] p = Calibration.rescale(new double[] { 0.5, 0.3, 0.2 }, 3);
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-12));
        assertThat(p[0]).isGreaterThan(0.5);
        assertThat(p[0]).isGreaterThan(p[1]);
        assertThat(p[1]).isGreaterThan(p[2]);
    }
}

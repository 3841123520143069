package io.jstpipeline.sandbox;

import java.util.SplittableRandom;

/**
 * How often something the gateway does on purpose happens: with {@code probability}, decided for the n-th
 * occasion from {@code seed} and n alone, so that the same seed and the same calls give the same run.
 *
 * @param probability from 0 (never, the default) to 1 (every time)
 */
public record Chance(double probability, long seed) {

    private static final Chance NEVER = new Chance(0, 0);
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    public Chance {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1, got " + probability);
        }
    }

    public static Chance never() {
        return NEVER;
    }

    public boolean isNever() {
        return probability == 0;
    }

    /** Whether it happens on the n-th occasion. */
    boolean happens(long occasion) {
        return !isNever() && draws(occasion).nextDouble() < probability;
    }

    /** Which of {@code bound} things the n-th occasion hits: a draw independent of {@link #happens}. */
    int choose(long occasion, int bound) {
        SplittableRandom draws = draws(occasion);
        draws.nextDouble();
        return draws.nextInt(bound);
    }

    private SplittableRandom draws(long occasion) {
        return new SplittableRandom(seed ^ occasion * GOLDEN_GAMMA);
    }

    @Override
    public String toString() {
        return "probability " + probability + " (seed " + seed + ")";
    }
}

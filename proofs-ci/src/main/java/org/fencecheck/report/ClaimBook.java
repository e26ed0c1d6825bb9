package org.fencecheck.report;

import java.util.List;
import java.util.Optional;

/**
 * The seed's claims and the kernel's guarantees as {@code spec/claims.json} states them (read by
 * {@link ClaimsReader}): for each claim the verbatim quote of the seed, the properties that are evidence for it
 * and what the seed's text predicts on which models. No verdict is stored here; {@link Claims} compares the
 * predictions with a run.
 *
 * @param file       the file it was read from, for error lines
 * @param seed       the seed's text (the file the quotes come from)
 * @param claims     the claims, in file order
 * @param guarantees the guarantees, in file order
 */
public record ClaimBook(String file, String seed, List<Claim> claims, List<Guarantee> guarantees) {

    public ClaimBook {
        claims = List.copyOf(claims);
        guarantees = List.copyOf(guarantees);
    }

    /**
     * What the seed's text implies: on the evidence models whose labels match design/driver/signaledOp (null =
     * any), one of {@code anyOf} is violated ({@code violated}) or all of them hold.
     */
    public record Prediction(String text, List<String> anyOf, String design, String driver, Boolean signaledOp,
                             boolean violated) {
        public Prediction {
            anyOf = List.copyOf(anyOf);
        }
    }

    /** The model and property whose trace is the claim's committed counterexample. */
    public record Counterexample(String model, String property) {
    }

    /**
     * One claim of the seed.
     *
     * @param id             "claim1", ...
     * @param title          one sentence saying what the seed claims
     * @param quote          the seed's words, verbatim
     * @param properties     the properties that are evidence for it
     * @param predictions    what its text predicts, per slice of the models
     * @param notModelled    why it is not checked, or null
     * @param counterexample its committed counterexample, or null
     */
    public record Claim(String id, String title, String quote, List<String> properties,
                        List<Prediction> predictions, String notModelled, Counterexample counterexample) {
        public Claim {
            properties = List.copyOf(properties);
            predictions = List.copyOf(predictions);
        }
    }

    /** One guarantee of the kernel (or aim of the rework) and the property stating it. */
    public record Guarantee(String text, String property, String source) {
    }

    /** The claim with this id. */
    public Optional<Claim> claim(String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}

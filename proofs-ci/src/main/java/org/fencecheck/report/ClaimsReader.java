package org.fencecheck.report;

import org.fencecheck.tlc.BadInputException;
import org.fencecheck.tlc.JsonFields;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code spec/claims.json} into a {@link ClaimBook}. Malformed JSON, a missing or mistyped field, an
 * unknown key, a claim id that is not {@code claim<N>} or is used twice, a property the vocabulary does not
 * list, and a quote that is not the seed's text are each a {@link BadInputException} naming the file.
 */
public final class ClaimsReader {

    /** The file's name inside the spec folder. */
    public static final String FILE = "claims.json";

    private static final Pattern ID = Pattern.compile("claim[1-9][0-9]*");

    private ClaimsReader() {
    }

    /**
     * Reads and checks the file; the seed it names is read relative to the file's folder.
     *
     * @param file       the claims file
     * @param vocabulary the spec's vocabulary, which must list every property named
     */
    public static ClaimBook read(Path file, Vocabulary vocabulary) {
        JsonFields top = JsonFields.readFile(file, Set.of("about", "seed", "claims", "guarantees"));
        String seedName = top.string("seed");
        Path seedFile = file.toAbsolutePath().getParent().resolve(seedName);
        String seed;
        try {
            seed = Files.readString(seedFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw top.fail("seed: cannot read \"" + seedName + "\": " + e.getMessage());
        }
        String seedWords = words(seed);
        List<ClaimBook.Claim> claims = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonFields c : top.objects("claims", Set.of("id", "title", "quote", "properties", "predictions",
                "notModelled", "counterexample"))) {
            String id = c.string("id");
            if (!ID.matcher(id).matches()) {
                throw c.fail(c.where() + ".id: \"" + id + "\" must be claim1, claim2, ...");
            }
            if (!ids.add(id)) {
                throw c.fail(c.where() + ": duplicate claim id \"" + id + "\"");
            }
            String at = c.where() + " (" + id + ")";
            String quote = c.string("quote");
            if (!seedWords.contains(words(quote))) {
                throw c.fail(at + ".quote: not the seed's text (" + seedName + "): \"" + quote + "\"");
            }
            List<String> properties = known(c, at + ".properties", c.strings("properties"), vocabulary);
            List<ClaimBook.Prediction> predictions = new ArrayList<>();
            for (JsonFields p : c.objects("predictions", Set.of("text", "anyOf", "models", "violated"))) {
                JsonFields m = p.object("models", Set.of("design", "driver", "signaledOp"));
                predictions.add(new ClaimBook.Prediction(p.string("text"),
                        known(p, p.where() + ".anyOf", p.strings("anyOf"), vocabulary), m.optionalString("design"),
                        m.optionalString("driver"), m.optionalBoolean("signaledOp"), p.bool("violated")));
            }
            ClaimBook.Counterexample cex = null;
            if (c.has("counterexample")) {
                JsonFields x = c.object("counterexample", Set.of("model", "property"));
                cex = new ClaimBook.Counterexample(x.string("model"),
                        known(x, x.where() + ".property", List.of(x.string("property")), vocabulary).get(0));
            }
            claims.add(new ClaimBook.Claim(id, c.string("title"), quote, properties, predictions,
                    c.optionalString("notModelled"), cex));
        }
        List<ClaimBook.Guarantee> guarantees = new ArrayList<>();
        for (JsonFields g : top.objects("guarantees", Set.of("text", "property", "source"))) {
            String property = known(g, g.where() + ".property", List.of(g.string("property")), vocabulary).get(0);
            guarantees.add(new ClaimBook.Guarantee(g.string("text"), property, g.string("source")));
        }
        return new ClaimBook(file.toString(), seed, claims, guarantees);
    }

    private static List<String> known(JsonFields at, String where, List<String> names, Vocabulary vocabulary) {
        for (String n : names) {
            if (!vocabulary.knows(n)) {
                throw at.fail(where + ": unknown property \"" + n + "\" (not in " + vocabulary.file() + ")");
            }
        }
        return names;
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}

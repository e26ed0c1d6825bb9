package org.fencecheck.tlc;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The parsed {@code spec/manifest.json}.
 *
 * @param file          where it was read from
 * @param tlc           how to run TLC
 * @param models        the models, in file order
 * @param ignoreConfigs cfg files of the spec folder that are deliberately not models
 */
public record Manifest(Path file, TlcSettings tlc, List<ModelEntry> models, List<String> ignoreConfigs) {
    public Manifest {
        models = List.copyOf(models);
        ignoreConfigs = List.copyOf(ignoreConfigs);
    }

    /** The model called {@code name}. */
    public Optional<ModelEntry> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}

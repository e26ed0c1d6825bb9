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
 * @param simulations   the simulation campaign's models (section {@code simulations}), run only by
 *                      {@code --simulate}
 */
public record Manifest(Path file, TlcSettings tlc, List<ModelEntry> models, List<String> ignoreConfigs,
                       List<SimulationEntry> simulations) {
    public Manifest {
        models = List.copyOf(models);
        ignoreConfigs = List.copyOf(ignoreConfigs);
        simulations = List.copyOf(simulations);
    }

    /** A manifest without simulations. */
    public Manifest(Path file, TlcSettings tlc, List<ModelEntry> models, List<String> ignoreConfigs) {
        this(file, tlc, models, ignoreConfigs, List.of());
    }

    /** The simulation called {@code name}. */
    public Optional<SimulationEntry> simulation(String name) {
        return simulations.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The model called {@code name}. */
    public Optional<ModelEntry> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}

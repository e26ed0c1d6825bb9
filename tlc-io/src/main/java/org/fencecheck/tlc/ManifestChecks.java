package org.fencecheck.tlc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a manifest against the spec folder: every model's module and cfg exist, and the cfg checks exactly the
 * properties the model expects. Problems throw {@link BadInputException}.
 */
public final class ManifestChecks {

    private ManifestChecks() {
    }

    /** Checks every model and returns each model's parsed cfg, by model name. */
    public static Map<String, CfgFile> check(Manifest manifest, Path specDir) {
        Map<String, CfgFile> cfgs = new LinkedHashMap<>();
        for (ModelEntry m : manifest.models()) {
            Path module = specDir.resolve(m.module() + ".tla");
            Path cfgPath = specDir.resolve(m.config());
            if (!Files.isRegularFile(module)) {
                throw fail(manifest, m, "module file " + module + " does not exist");
            }
            if (!Files.isRegularFile(cfgPath)) {
                throw fail(manifest, m, "config file " + cfgPath + " does not exist");
            }
            CfgFile cfg = CfgParser.read(cfgPath);
            List<String> checked = cfg.checkedNames();
            for (String name : checked) {
                if (!m.expect().containsKey(name)) {
                    throw fail(manifest, m, m.config() + " checks " + name + " but \"expect\" has no verdict for it");
                }
            }
            for (String name : m.expect().keySet()) {
                if (!checked.contains(name)) {
                    String why = name.equals(CfgFile.DEADLOCK) ? " (the cfg sets CHECK_DEADLOCK FALSE)" : "";
                    throw fail(manifest, m, "\"expect\" has " + name + " but " + m.config() + " does not check it"
                            + why);
                }
            }
            cfgs.put(m.name(), cfg);
        }
        return cfgs;
    }

    /** Checks that every simulation's module and cfg exist and that its cfg parses; returns the cfgs by name. */
    public static Map<String, CfgFile> checkSimulations(Manifest manifest, Path specDir) {
        Map<String, CfgFile> cfgs = new LinkedHashMap<>();
        for (SimulationEntry s : manifest.simulations()) {
            Path module = specDir.resolve(s.module() + ".tla");
            Path cfgPath = specDir.resolve(s.config());
            String where = "simulation " + s.name() + ": ";
            if (!Files.isRegularFile(module)) {
                throw new BadInputException(manifest.file().toString(), where + "module file " + module
                        + " does not exist");
            }
            if (!Files.isRegularFile(cfgPath)) {
                throw new BadInputException(manifest.file().toString(), where + "config file " + cfgPath
                        + " does not exist");
            }
            cfgs.put(s.name(), CfgParser.read(cfgPath));
        }
        return cfgs;
    }

    /** The cfg files of the spec folder that no model uses and the manifest does not ignore, sorted. */
    public static List<String> unlistedConfigs(Manifest manifest, Path specDir) {
        Set<String> listed = manifest.models().stream().map(ModelEntry::config).collect(Collectors.toSet());
        listed.addAll(manifest.ignoreConfigs());
        manifest.simulations().forEach(s -> listed.add(s.config()));
        try (Stream<Path> files = Files.list(specDir)) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cfg") && !listed.contains(n))
                    .collect(Collectors.toCollection(TreeSet::new)));
        } catch (IOException e) {
            throw new BadInputException(specDir.toString(), "cannot list: " + e.getMessage());
        }
    }

    private static BadInputException fail(Manifest manifest, ModelEntry m, String problem) {
        return new BadInputException(manifest.file().toString(), "model " + m.name() + ": " + problem);
    }
}

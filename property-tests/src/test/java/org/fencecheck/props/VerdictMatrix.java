package org.fencecheck.props;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fencecheck.props.sched.SpecConfig;
import org.fencecheck.props.util.Cfg;
import org.fencecheck.props.util.Json;

/**
 * The spec's verdict matrix: {@code spec/manifest.json} as the lead's gate (proofs-ci) writes it, i.e.
 * {@code models[]} with {@code name, config, group, design, driver, signaledOp, mutation, expect{property:
 * holds|violated}}, each model's bounds taken from its cfg. When spec/manifest.json does not exist yet, the
 * fixture in {@code src/test/resources/fixture/} is used: the same format, real TLC 2.18 verdicts of four
 * configurations at MaxCalls 2 (README).
 */
public final class VerdictMatrix {

    /**
     * One model of the manifest.
     *
     * @param name     the model's name
     * @param group    default, broken or large
     * @param cfg      its parsed cfg
     * @param spec     its constants
     * @param expect   property -> "holds" / "violated", in manifest order
     */
    public record Model(String name, String group, Cfg cfg, SpecConfig spec, Map<String, String> expect) {
        @Override
        public String toString() {
            return name + " (" + spec.label() + ", " + cfg.file().getFileName() + ")";
        }
    }

    private final String source;
    private final boolean fixture;
    private final List<Model> models;

    private VerdictMatrix(String source, boolean fixture, List<Model> models) {
        this.source = source;
        this.fixture = fixture;
        this.models = List.copyOf(models);
    }

    /** spec/ of the repository: {@code -Dfencecheck.spec.dir} (set by the pom), else ../spec. */
    public static Path specDir() {
        String p = System.getProperty("fencecheck.spec.dir");
        List<Path> candidates = new ArrayList<>();
        if (p != null && !p.contains("${")) {
            candidates.add(Path.of(p));
        }
        // run from the module folder, ${maven.multiModuleProjectDirectory} is the module itself
        candidates.add(Path.of("..", "spec"));
        candidates.add(Path.of("spec"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("DmaFence.tla"))) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("spec/DmaFence.tla not found (tried " + candidates + ")");
    }

    private static VerdictMatrix cached;

    /** The manifest if present, else the fixture. */
    public static synchronized VerdictMatrix load() {
        if (cached == null) {
            Path manifest = specDir().resolve("manifest.json");
            cached = Files.isRegularFile(manifest) ? read(manifest, false) : read(fixtureDir().resolve(
                    "manifest.json"), true);
        }
        return cached;
    }

    /** The fixture folder (test resources). */
    public static Path fixtureDir() {
        try {
            return Path.of(VerdictMatrix.class.getResource("/fixture/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a manifest; the cfgs are next to it. */
    @SuppressWarnings("unchecked")
    public static VerdictMatrix read(Path manifest, boolean fixture) {
        Map<String, Object> doc;
        try {
            doc = (Map<String, Object>) Json.parse(Files.readString(manifest));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + manifest, e);
        }
        List<Model> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("models")) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (!"MCDmaFence".equals(m.getOrDefault("module", "MCDmaFence"))) {
                continue; // the lifetime models (MCDmaFenceLifetime) have their own twins in props.lifetime
            }
            String name = (String) m.get("name");
            Cfg cfg = Cfg.read(manifest.getParent().resolve((String) m.get("config")));
            Map<String, String> expect = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("expect")).entrySet()) {
                expect.put(e.getKey(), (String) e.getValue());
            }
            String group = (String) m.getOrDefault("group", "default");
            out.add(new Model(name, group, cfg, cfg.specConfig(), expect));
        }
        return new VerdictMatrix(manifest.toString(), fixture, out);
    }

    public String source() {
        return source;
    }

    public boolean isFixture() {
        return fixture;
    }

    public List<Model> models() {
        return models;
    }

    /** The models of the given group. */
    public List<Model> models(String group) {
        return models.stream().filter(m -> m.group().equals(group)).toList();
    }
}

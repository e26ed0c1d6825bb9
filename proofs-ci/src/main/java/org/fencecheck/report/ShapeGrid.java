package org.fencecheck.report;

import org.fencecheck.tlc.ModelLabels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/*
 * The driver-shape models (<design>_<shape>[_<caller>], ~50 per design family) do not read well as one row per
 * model: the reader asks "does this driver shape work under this design, called from this context?". So they are
 * drawn as one table per caller (and per bound and set of checked properties, which the caption states), rows =
 * driver shape (Vocabulary.shape without the parts that follow from the design), columns = design, one model per
 * cell. The parts that follow from the design (the op's signalling) go into the column header when every model
 * of the column has the same, else into each cell. What a cell says (expected or actual verdicts) is the caller's
 * business: the README shows the manifest's expectations, summary.txt and index.html TLC's verdicts.
 */

/** One table of driver-shape models: rows = shapes, columns = designs, for one caller. */
public final class ShapeGrid<M> {

    private final String caller;
    private final String bound;
    private final List<String> properties;
    private final List<String> designs = new ArrayList<>();
    private final List<String> shapes = new ArrayList<>();
    private final Map<String, M> cells = new LinkedHashMap<>();
    private final Map<String, Set<String>> designParts = new LinkedHashMap<>();
    private final Map<String, String> cellParts = new LinkedHashMap<>();

    private ShapeGrid(String caller, String bound, List<String> properties) {
        this.caller = caller;
        this.bound = bound;
        this.properties = List.copyOf(properties);
    }

    /**
     * The tables of the given models, in order of first appearance; a model that would share a cell with another
     * of the same caller, bound and properties starts a further table rather than hiding it.
     *
     * @param labels     a model's labels (null labels are drawn as "?")
     * @param properties the properties a model checks, in order
     */
    public static <M> List<ShapeGrid<M>> of(List<M> models, Function<M, ModelLabels> labels,
                                            Function<M, List<String>> properties, Vocabulary v) {
        Map<String, List<ShapeGrid<M>>> byKey = new LinkedHashMap<>();
        List<ShapeGrid<M>> out = new ArrayList<>();
        for (M m : models) {
            ModelLabels l = labels.apply(m);
            String caller = v.caller(l);
            String bound = l == null || l.bound() == null ? "" : l.bound();
            List<String> props = properties.apply(m);
            String key = caller + "\u0000" + bound + "\u0000" + props;
            String design = l == null || l.design() == null ? "?" : l.design();
            String shape = v.shape(l, false);
            String cell = shape + "\u0000" + design;
            ShapeGrid<M> grid = null;
            for (ShapeGrid<M> g : byKey.computeIfAbsent(key, k -> new ArrayList<>())) {
                if (!g.cells.containsKey(cell)) {
                    grid = g;
                    break;
                }
            }
            if (grid == null) {
                grid = new ShapeGrid<>(caller, bound, props);
                byKey.get(key).add(grid);
                out.add(grid);
            }
            if (!grid.designs.contains(design)) {
                grid.designs.add(design);
            }
            if (!grid.shapes.contains(shape)) {
                grid.shapes.add(shape);
            }
            grid.cells.put(cell, m);
            String parts = v.designParts(l);
            grid.cellParts.put(cell, parts);
            grid.designParts.computeIfAbsent(design, d -> new LinkedHashSet<>()).add(parts);
        }
        return out;
    }

    /** The caller label of every model of the table. */
    public String caller() {
        return caller;
    }

    /** Their bound label, "" when they have none. */
    public String bound() {
        return bound;
    }

    /** The properties each model of the table checks. */
    public List<String> properties() {
        return properties;
    }

    /** The columns, in order of first appearance. */
    public List<String> designs() {
        return List.copyOf(designs);
    }

    /** The rows: driver shapes without the parts that follow from the design, in order of first appearance. */
    public List<String> shapes() {
        return List.copyOf(shapes);
    }

    /** The model of a cell, or null when there is none. */
    public M at(String shape, String design) {
        return cells.get(shape + "\u0000" + design);
    }

    /** The number of models in the table. */
    public int size() {
        return cells.size();
    }

    /** The column header: the design, and the parts that follow from it when all its models share them. */
    public String header(String design) {
        Set<String> parts = designParts.getOrDefault(design, Set.of());
        return parts.size() == 1 && !parts.iterator().next().isEmpty() ? design + " (" + parts.iterator().next()
                + ")" : design;
    }

    /** What a cell must say besides its verdicts: the parts that follow from the design when the header cannot. */
    public String cellNote(String shape, String design) {
        if (designParts.getOrDefault(design, Set.of()).size() <= 1) {
            return "";
        }
        String parts = cellParts.get(shape + "\u0000" + design);
        return parts == null || parts.isEmpty() ? "" : parts + ": ";
    }

    /** "caller irq_work -- bound: 2 CPUs, ... (12 models)" */
    public String caption() {
        String n = size() + (size() == 1 ? " model" : " models");
        return "caller " + caller + " -- " + (bound.isEmpty() ? n : "bound: " + bound + " (" + n + ")");
    }
}

package org.rnnlab.experiments.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rnnlab.api.CellKinds;
import org.rnnlab.experiments.sweep.SweepRunner;
import org.rnnlab.experiments.sweep.plan.CellChoice;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;

/**
 * Memory limits as a careful reviewer would want them reported: per series (one seed), aggregated over seeds per
 * setting (median and range, every seed's value kept), each cell at its best setting (the highest median over the
 * optimizers, clipping policies, schedules and initializations tried, as papers compare architectures each at its own
 * best learning rate), and, with several budgets, the limit against the budget with a verdict on convergence.
 *
 * <p>Censoring: a series that solved the longest length has limit ≥ that length; one that solved none has limit below
 * the shortest (0 here). A median is marked ≥ when a censored seed is at the median position. Series that failed to
 * run are left out of the aggregates and counted.
 */
public final class LimitAnalysis {

    /**
     * One series' limit.
     *
     * @param series      the series
     * @param limit       the longest length solved before the first that was not (0: none solved)
     * @param firstFailed the shortest length not solved (0: none failed, the limit is censored)
     * @param failed      whether a point failed to run (the limit is then unknown past it)
     */
    public record SeriesLimit(Series series, int limit, int firstFailed, boolean failed) {
        /** Whether the longest length tried was solved (the true limit may be higher). */
        public boolean censored() {
            return !failed && firstFailed == 0 && limit > 0;
        }

        /** {@code 40 (<60)}: solved 40, not 60; {@code 41} when 42 was not solved; {@code ≥ 320}; {@code < 5}; {@code failed}. */
        public String text(int shortest) {
            if (failed) {
                return limit == 0 ? "failed" : "≥ " + limit + " (failed)";
            }
            if (limit == 0) {
                return "< " + shortest;
            }
            if (censored()) {
                return "≥ " + limit;
            }
            // The first failed length is the upper bound; after the ladder alone it is the next rung.
            return firstFailed > limit + 1 ? limit + " (<" + firstFailed + ")" : String.valueOf(limit);
        }
    }

    /**
     * One setting's limits over its seeds.
     *
     * @param configuration the setting (a series without its seed)
     * @param seeds         every seed's limit, in plan order
     */
    public record SettingLimit(Series.Configuration configuration, List<SeriesLimit> seeds) {
        private List<SeriesLimit> counted() {
            return seeds.stream().filter(s -> !s.failed()).sorted(Comparator.comparingInt(SeriesLimit::limit)).toList();
        }

        /** The median limit over the seeds that ran (NaN when none did). */
        public double median() {
            List<SeriesLimit> c = counted();
            int n = c.size();
            if (n == 0) {
                return Double.NaN;
            }
            return n % 2 == 1 ? c.get(n / 2).limit() : (c.get(n / 2 - 1).limit() + c.get(n / 2).limit()) / 2.0;
        }

        /** Whether a censored seed stands at the median position (the median is then a lower bound). */
        public boolean medianCensored() {
            List<SeriesLimit> c = counted();
            int n = c.size();
            return n > 0 && (c.get(n / 2).censored() || (n % 2 == 0 && c.get(n / 2 - 1).censored()));
        }

        /** The smallest limit over the seeds that ran. */
        public int min() {
            return counted().stream().mapToInt(SeriesLimit::limit).min().orElse(0);
        }

        /** The largest limit over the seeds that ran. */
        public int max() {
            return counted().stream().mapToInt(SeriesLimit::limit).max().orElse(0);
        }

        /** Whether the largest is censored. */
        public boolean maxCensored() {
            List<SeriesLimit> c = counted();
            return !c.isEmpty() && c.get(c.size() - 1).censored();
        }

        /** Seeds whose series failed to run. */
        public long failedSeeds() {
            return seeds.stream().filter(SeriesLimit::failed).count();
        }

        /** {@code 40 [20–80]}, {@code ≥ 320 [160–≥ 320]}, {@code < 5}. */
        public String text(int shortest) {
            double m = median();
            if (Double.isNaN(m)) {
                return "failed";
            }
            String med = m == 0 ? "< " + shortest : (medianCensored() ? "≥ " : "") + number(m);
            String range = seeds.size() - failedSeeds() < 2 || (min() == max() && maxCensored() == medianCensored()) ? "" : " [" + (min() == 0 ? "< " + shortest : String.valueOf(min())) + "–"
                    + (maxCensored() ? "≥ " : "") + (max() == 0 ? "< " + shortest : String.valueOf(max())) + "]";
            return med + range + (failedSeeds() > 0 ? " (" + failedSeeds() + " failed)" : "");
        }

        /** Every seed's value: {@code 1: 40, 2: 80, 3: ≥ 320}. */
        public String perSeed(int shortest) {
            StringBuilder b = new StringBuilder();
            for (SeriesLimit s : seeds) {
                b.append(b.length() == 0 ? "" : ", ").append(s.series().seed()).append(": ").append(s.text(shortest));
            }
            return b.toString();
        }
    }

    /**
     * A cell at its best setting in one comparison group (task, cell, H, budget).
     *
     * @param group    the group
     * @param best     the setting with the highest median (ties: the higher minimum, then the plan's order)
     * @param settings every setting tried in the group
     * @param ratioToRnn best median over the tanh RNN's best median in the same task, direction, H and budget (NaN when
     *                   there is none, or it solved nothing)
     */
    public record CellBest(Series.Group group, SettingLimit best, List<SettingLimit> settings, double ratioToRnn) {
    }

    /**
     * A cell's best median limit against the budget.
     *
     * @param task    task
     * @param cell    cell
     * @param hidden  H
     * @param budgets the budgets, ascending
     * @param best    the best setting at each budget
     * @param verdict whether the limit still grows at the largest budget
     */
    public record BudgetTrend(String task, CellChoice cell, int hidden, List<Integer> budgets, List<SettingLimit> best, String verdict) {
    }

    private final int shortest;
    private final List<SeriesLimit> series;
    private final List<SettingLimit> settings;
    private final List<CellBest> best;
    private final List<BudgetTrend> trends;

    private LimitAnalysis(int shortest, List<SeriesLimit> series, List<SettingLimit> settings, List<CellBest> best,
                          List<BudgetTrend> trends) {
        this.shortest = shortest;
        this.series = series;
        this.settings = settings;
        this.best = best;
        this.trends = trends;
    }

    /** Analyses a sweep's outcome. */
    public static LimitAnalysis of(SweepPlan plan, SweepRunner.Outcome outcome) {
        List<SeriesLimit> series = new ArrayList<>();
        Map<Series.Configuration, List<SeriesLimit>> bySetting = new LinkedHashMap<>();
        for (SweepRunner.SeriesOutcome o : outcome.series()) {
            SeriesLimit l = new SeriesLimit(o.series(), o.lastSolved() == null ? 0 : o.lastSolved().length(),
                    o.firstFailed() == null ? 0 : o.firstFailed().length(), o.failed());
            series.add(l);
            bySetting.computeIfAbsent(o.series().configuration(), k -> new ArrayList<>()).add(l);
        }
        List<SettingLimit> settings = new ArrayList<>();
        Map<Series.Group, List<SettingLimit>> byGroup = new LinkedHashMap<>();
        bySetting.forEach((c, seeds) -> {
            SettingLimit s = new SettingLimit(c, List.copyOf(seeds));
            settings.add(s);
            byGroup.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(s);
        });
        Map<Series.Group, SettingLimit> winners = new LinkedHashMap<>();
        byGroup.forEach((g, all) -> winners.put(g, all.stream().filter(s -> !Double.isNaN(s.median()))
                .max(Comparator.comparingDouble(SettingLimit::median).thenComparingInt(SettingLimit::min)
                        .thenComparing(s -> -all.indexOf(s)))
                .orElse(all.get(0))));
        List<CellBest> best = new ArrayList<>();
        winners.forEach((g, w) -> {
            SettingLimit rnn = winners.get(new Series.Group(g.task(), g.cell().withKind(CellKinds.RNN), g.hidden(), g.steps()));
            double ratio = rnn == null || !(rnn.median() > 0) || Double.isNaN(w.median()) ? Double.NaN : w.median() / rnn.median();
            best.add(new CellBest(g, w, byGroup.get(g), ratio));
        });
        List<BudgetTrend> trends = new ArrayList<>();
        List<Integer> budgets = plan.config().budget().steps().stream().sorted().toList();
        if (budgets.size() > 1) {
            Map<String, Map<Integer, SettingLimit>> byCell = new LinkedHashMap<>();
            Map<String, Series.Group> any = new LinkedHashMap<>();
            winners.forEach((g, w) -> {
                String key = g.task().label() + "|" + g.cell().label() + "|" + g.hidden();
                byCell.computeIfAbsent(key, k -> new TreeMap<>()).put(g.steps(), w);
                any.putIfAbsent(key, g);
            });
            byCell.forEach((key, m) -> {
                Series.Group g = any.get(key);
                List<SettingLimit> row = budgets.stream().map(m::get).toList();
                trends.add(new BudgetTrend(g.task().label(), g.cell(), g.hidden(), budgets, row, verdict(row, budgets)));
            });
        }
        return new LimitAnalysis(plan.ladder().get(0), List.copyOf(series), List.copyOf(settings), List.copyOf(best), List.copyOf(trends));
    }

    private static String verdict(List<SettingLimit> row, List<Integer> budgets) {
        SettingLimit last = row.get(row.size() - 1);
        SettingLimit before = row.get(row.size() - 2);
        if (last == null || before == null || Double.isNaN(last.median()) || Double.isNaN(before.median())) {
            return "not measured at the two largest budgets";
        }
        if (last.medianCensored()) {
            return "reaches the ladder's top at " + budgets.get(budgets.size() - 1) + " steps: lengthen the ladder";
        }
        if (last.median() > before.median()) {
            return "still growing at the largest budget (" + number(before.median()) + " → " + number(last.median()) + "): not converged";
        }
        if (last.median() == before.median()) {
            return "levelled off (" + number(last.median()) + " at " + budgets.get(budgets.size() - 2) + " and " + budgets.get(budgets.size() - 1)
                    + " steps)";
        }
        return "lower at the largest budget (" + number(before.median()) + " → " + number(last.median()) + "): within the spread between seeds";
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** The shortest length of the ladder. */
    public int shortest() {
        return shortest;
    }

    /** Every series' limit, in plan order. */
    public List<SeriesLimit> series() {
        return series;
    }

    /** Every setting's limits over its seeds, in plan order. */
    public List<SettingLimit> settings() {
        return settings;
    }

    /** Each cell at its best setting, per task, H and budget. */
    public List<CellBest> best() {
        return best;
    }

    /** With several budgets: each cell's best limit against the budget. */
    public List<BudgetTrend> trends() {
        return trends;
    }
}

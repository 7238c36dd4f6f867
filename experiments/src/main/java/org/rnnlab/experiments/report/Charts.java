package org.rnnlab.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * What every chart of a report shares: the Okabe–Ito palette (distinguishable with every common colour-vision
 * deficiency), a colour fixed per cell kind across all charts, dashed lines for cells at initialization and solid for
 * trained ones, and each chart written as PNG (for the page) and SVG (for papers).
 */
final class Charts {
    /** Okabe and Ito 2008: orange, sky blue, bluish green, blue, vermillion, reddish purple, yellow, black. */
    static final List<Color> PALETTE = List.of(new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9), new Color(0x00, 0x9E, 0x73),
            new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0xCC, 0x79, 0xA7), new Color(0xF0, 0xE4, 0x42),
            Color.BLACK);
    /** Solid, for trained cells and measured curves. */
    static final BasicStroke SOLID = new BasicStroke(2f);
    /** Dashed, for cells at initialization. */
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    /** Dotted, for reference lines (thresholds, baselines). */
    static final BasicStroke DOTTED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);

    private Charts() {
    }

    /** Viridis (van der Walt and Smith), sampled: a sequential map that stays distinguishable for colour-blind readers. */
    private static final Color[] VIRIDIS = {new Color(0x44, 0x01, 0x54), new Color(0x3B, 0x52, 0x8B), new Color(0x21, 0x90, 0x8C),
        new Color(0x5D, 0xC8, 0x63), new Color(0xD8, 0xC0, 0x1E)};

    /** The colour of position {@code i} of {@code n} ordered values (lengths, say), dark to light. */
    static Color sequential(int i, int n) {
        double t = n <= 1 ? 0 : (double) i / (n - 1) * (VIRIDIS.length - 1);
        int k = Math.min((int) Math.floor(t), VIRIDIS.length - 2);
        double f = t - k;
        Color a = VIRIDIS[k];
        Color b = VIRIDIS[k + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** The colour of the i-th of the cells a report names (cycling past eight). */
    static Color color(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    /** Common styling: white background, legend outside the plot (never over the curves), readable fonts. */
    static void style(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xE0, 0xE0, 0xE0));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setPlotBorderVisible(false);
    }

    /** Writes {@code name.png} and {@code name.svg}; returns the PNG's file name, or null when the chart has no series. */
    static String save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        BitmapEncoder.saveBitmapWithDPI(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG, 144);
        VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve(name).toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return name + ".png";
    }
}

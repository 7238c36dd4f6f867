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

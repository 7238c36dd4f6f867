package org.rnnlab.experiments.report;

/**
 * The small part of Markdown the summary uses, as HTML: {@code ## headings}, pipe tables (the first row a header, the
 * second the separator), {@code **bold**} and paragraphs. Text is escaped.
 */
final class MarkdownTables {
    private MarkdownTables() {
    }

    static String toHtml(String md) {
        StringBuilder b = new StringBuilder();
        String[] lines = md.split("\n");
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            if (l.startsWith("## ")) {
                b.append("<h2>").append(inline(l.substring(3))).append("</h2>\n");
                i++;
            } else if (l.startsWith("|")) {
                b.append("<table class=\"md\">\n");
                boolean header = true;
                while (i < lines.length && lines[i].startsWith("|")) {
                    String row = lines[i];
                    i++;
                    if (row.matches("\\|[-|: ]+\\|")) {
                        continue;
                    }
                    String[] cells = row.substring(1, row.length() - 1).split("\\|", -1);
                    b.append("<tr>");
                    for (String c : cells) {
                        b.append(header ? "<th>" : "<td>").append(inline(c.strip())).append(header ? "</th>" : "</td>");
                    }
                    b.append("</tr>\n");
                    header = false;
                }
                b.append("</table>\n");
            } else if (l.isBlank()) {
                i++;
            } else {
                StringBuilder p = new StringBuilder();
                while (i < lines.length && !lines[i].isBlank() && !lines[i].startsWith("|") && !lines[i].startsWith("## ")) {
                    p.append(p.length() == 0 ? "" : " ").append(lines[i]);
                    i++;
                }
                b.append("<p>").append(inline(p.toString())).append("</p>\n");
            }
        }
        return b.toString();
    }

    private static String inline(String s) {
        String e = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return e.replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>");
    }
}

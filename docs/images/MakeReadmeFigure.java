import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Makes the README's picture from a quickstart run: its SDE paths and its growth map side by side, scaled to a
 * common height. Run once after {@code ./ruot4j quickstart --out DIR}:
 *
 * <pre>java docs/images/MakeReadmeFigure.java DIR docs/images/quickstart.png</pre>
 */
public class MakeReadmeFigure {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java docs/images/MakeReadmeFigure.java QUICKSTART_DIR OUT.png");
            System.exit(2);
        }
        String[] names = {"trajectories", "growth_map"};
        int height = 420;
        BufferedImage[] parts = new BufferedImage[names.length];
        int width = 0;
        for (int i = 0; i < names.length; i++) {
            File f = new File(args[0], "plots/" + names[i] + ".png");
            BufferedImage img = ImageIO.read(f);
            if (img == null) {
                throw new IOException(f + ": not a PNG");
            }
            int w = (int) Math.round(img.getWidth() * (double) height / img.getHeight());
            BufferedImage scaled = new BufferedImage(w, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, w, height, null);
            g.dispose();
            parts[i] = scaled;
            width += w;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage p : parts) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        if (!ImageIO.write(out, "png", new File(args[1]))) {
            throw new IOException("no PNG writer");
        }
        System.out.println("wrote " + args[1] + " (" + width + " × " + height + ")");
    }
}

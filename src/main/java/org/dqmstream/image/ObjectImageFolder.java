package org.dqmstream.image;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A folder of JPEG or PNG object images of any size with a labels CSV ({@code file,label}, file names
 * relative to the folder). Images are read as grey levels and resized to {@link ObjectImage#SIDE}
 * squares with bilinear interpolation.
 */
public final class ObjectImageFolder {
    public static final String LABELS = "labels.csv";

    private ObjectImageFolder() {
    }

    public static List<ObjectImage> read(Path folder, Path labels) throws IOException {
        List<ObjectImage> out = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class).with(schema)
                .readValues(labels.toFile())) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                String file = row.get("file");
                String label = row.get("label");
                if (file == null || file.isBlank() || label == null || label.isBlank()) {
                    throw new IOException(labels + " line " + line + ": needs columns 'file' and 'label'");
                }
                Path path = folder.resolve(file).normalize();
                if (!path.startsWith(folder.normalize())) {
                    throw new IOException(labels + " line " + line + ": " + file + " lies outside " + folder);
                }
                BufferedImage image = ImageIO.read(path.toFile());
                if (image == null) {
                    throw new IOException(path + " (" + labels + " line " + line + ") is not a JPEG or PNG image");
                }
                out.add(new ObjectImage(file, label, resize(image)));
            }
        }
        return out;
    }

    /** Grey levels of {@code image} resized to the model's square. */
    static byte[] resize(BufferedImage image) {
        BufferedImage grey = new BufferedImage(ObjectImage.SIDE, ObjectImage.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, ObjectImage.SIDE, ObjectImage.SIDE, null);
        g.dispose();
        return ((DataBufferByte) grey.getRaster().getDataBuffer()).getData().clone();
    }

    /** Writes images as PNG files with a labels CSV, as a folder this class reads. */
    public static void write(Path folder, List<ObjectImageGenerator.Drawn> images) throws IOException {
        Files.createDirectories(folder);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(folder.resolve(LABELS)))) {
            w.println("file,label");
            for (int i = 0; i < images.size(); i++) {
                String name = String.format("object-%06d.png", i);
                ImageIO.write(images.get(i).image(), "png", folder.resolve(name).toFile());
                w.println(name + "," + images.get(i).label());
            }
        }
    }
}

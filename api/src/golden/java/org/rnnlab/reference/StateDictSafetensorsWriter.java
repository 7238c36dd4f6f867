package org.rnnlab.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the PyTorch {@code state_dict} of a golden fixture as the file {@code safetensors.torch.save_file(
 * lstm.state_dict(), path)} gives for a float32 model: tensors sorted by name (all F32), compact JSON header
 * {@code {"name":{"dtype":"F32","shape":[..],"data_offsets":[b,e]},…}} padded with spaces to a multiple of 8, then the
 * little-endian data. Deliberately independent of rnnlab's own writer, which the tests check against this file.
 *
 * <p>Usage: {@code StateDictSafetensorsWriter FIXTURE.json OUT.safetensors}
 */
public final class StateDictSafetensorsWriter {
    private StateDictSafetensorsWriter() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode tensors = new ObjectMapper().readTree(Path.of(args[0]).toFile()).get("tensors");
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = tensors.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.startsWith("weight_") || n.startsWith("bias_")) {
                names.add(n);
            }
        }
        names.sort(String::compareTo);
        StringBuilder header = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String n : names) {
            JsonNode t = tensors.get(n);
            int begin = data.size();
            ByteBuffer b = ByteBuffer.allocate(4 * t.get("data").size()).order(ByteOrder.LITTLE_ENDIAN);
            t.get("data").forEach(v -> b.putFloat((float) v.asDouble()));
            data.writeBytes(b.array());
            if (header.length() > 1) {
                header.append(',');
            }
            header.append('"').append(n).append("\":{\"dtype\":\"F32\",\"shape\":").append(t.get("shape").toString())
                    .append(",\"data_offsets\":[").append(begin).append(',').append(data.size()).append("]}");
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(h);
        for (int i = h.length; i < padded; i++) {
            out.write(' ');
        }
        out.writeBytes(data.toByteArray());
        Files.write(Path.of(args[1]), out.toByteArray());
        System.out.println("wrote " + args[1] + " (" + names.size() + " tensors, " + out.size() + " bytes)");
    }
}

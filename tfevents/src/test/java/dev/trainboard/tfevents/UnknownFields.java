package dev.trainboard.tfevents;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds fields a parser did not know: proof that two schemas agree on a message's field numbers. */
public final class UnknownFields {

    private UnknownFields() {
    }

    /** Paths of every message, nested ones included, that holds fields unknown to its schema. */
    public static List<String> in(Message message) {
        List<String> found = new ArrayList<>();
        collect(message, message.getDescriptorForType().getName(), found);
        return found;
    }

    private static void collect(Message message, String path, List<String> found) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            found.add(path + " " + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String child = path + "." + field.getKey().getName();
            if (field.getKey().isRepeated()) {
                for (Object element : (List<?>) field.getValue()) {
                    collect((Message) element, child, found);
                }
            } else {
                collect((Message) field.getValue(), child, found);
            }
        }
    }
}

package dev.trainboard.trainer.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who this trainer is: the host it reports on RUNNING, and the instance id that names its own consumer group
 * of the control topic, so that a restarted trainer resumes from its committed offsets.
 */
@Component
public class TrainerIdentity {

    private final String host;
    private final String instanceId;

    TrainerIdentity(TrainerProperties properties, @Value("${server.port:8082}") int port) {
        this.host = blank(properties.host()) ? localHostName() : properties.host();
        // Host and port tell apart the trainers of one machine (./trainboard) and the pods of a cluster.
        this.instanceId = blank(properties.instanceId()) ? host + "-" + port : properties.instanceId();
    }

    public String host() {
        return host;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The consumer group of this instance's control listener. */
    public String controlGroup() {
        return "trainer-control-" + instanceId;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}

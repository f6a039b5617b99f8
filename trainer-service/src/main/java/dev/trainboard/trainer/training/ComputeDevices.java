package dev.trainboard.trainer.training;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Maps a job's device request onto what the PyTorch engine actually sees. */
public final class ComputeDevices {

    private ComputeDevices() {
    }

    public static Device select(dev.trainboard.events.Device requested) {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (requested) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new DeviceUnavailableException("the job asks for a GPU but the PyTorch engine on this"
                            + " trainer sees none (native library " + Engine.getInstance().getVersion()
                            + " for CPU); submit it with device auto or cpu, or run it on a GPU trainer");
                }
                yield Device.gpu(0);
            }
        };
    }

    /** {@code cpu} or {@code gpu}, as jobs and status events name devices. */
    public static String wireName(Device device) {
        return device.isGpu() ? "gpu" : "cpu";
    }
}

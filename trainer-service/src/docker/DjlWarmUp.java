import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

public class DjlWarmUp {
    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float sum = manager.ones(new Shape(2, 2)).sum().getFloat();
            if (sum != 4f) {
                throw new IllegalStateException("PyTorch answered " + sum + " for the sum of four ones");
            }
            System.out.println("PyTorch " + Engine.getEngine("PyTorch").getVersion() + " cached");
        }
    }
}

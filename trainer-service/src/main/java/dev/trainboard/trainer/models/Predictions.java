package dev.trainboard.trainer.models;

import java.util.List;

/**
 * What a model says about each image of a request, in the request's order.
 *
 * @param predictions one per image
 */
record Predictions(List<Prediction> predictions) {

    /**
     * @param digit the most probable class
     * @param probabilities the ten class probabilities, digit 0 first; they sum to 1
     */
    record Prediction(int digit, float[] probabilities) {

        static Prediction of(float[] probabilities) {
            int digit = 0;
            for (int c = 1; c < probabilities.length; c++) {
                if (probabilities[c] > probabilities[digit]) {
                    digit = c;
                }
            }
            return new Prediction(digit, probabilities);
        }
    }

    static Predictions of(List<float[]> probabilities) {
        return new Predictions(probabilities.stream().map(Prediction::of).toList());
    }
}

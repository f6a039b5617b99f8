package dev.trainboard.trainer.models;

import dev.trainboard.trainer.artifacts.ArtifactProperties;
import ai.djl.engine.Engine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The artifact store's layout and the models loaded from it. */
@Configuration(proxyBeanMethods = false)
class ModelServingConfiguration {

    @Bean
    ModelArtifacts modelArtifacts(ArtifactProperties store) {
        return new ModelArtifacts(store.root());
    }

    /** Takes the engine so that no model loads before the engine has started with this service's settings. */
    @Bean
    LoadedModels loadedModels(Engine pyTorchEngine, ModelArtifacts artifacts, JsonMapper json,
            ModelServingProperties properties) {
        return new LoadedModels(artifacts, json, properties.cachedModels());
    }
}

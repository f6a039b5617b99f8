/**
 * The JSON bodies of the metrics service's internal job API, which the gateway calls and passes on to users.
 * Kept here so that both sides compile against one definition.
 */
package dev.trainboard.events.api;

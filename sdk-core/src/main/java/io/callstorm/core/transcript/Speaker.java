package io.callstorm.core.transcript;

/** Who spoke a turn. */
public enum Speaker { CALLER, AGENT }

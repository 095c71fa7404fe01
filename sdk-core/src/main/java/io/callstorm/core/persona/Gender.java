package io.callstorm.core.persona;

/** A persona's voice gender, used to pick a synthetic voice. */
public enum Gender { FEMALE, MALE, NEUTRAL }

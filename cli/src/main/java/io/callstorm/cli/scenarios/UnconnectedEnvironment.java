package io.callstorm.cli.scenarios;

import java.util.function.Function;

/**
 * The environment a simulation file is read in when nothing will connect to its agent ({@code scenarios show},
 * {@code scenarios generate --agent simulation.yaml}): the variables set are read as usual, and a stand-in fills
 * each connector secret that is not set ({@code bearerTokenEnv}, {@code headersEnv}), so that a file whose token
 * lives only in CI still shows its rows. The stand-in is never sent anywhere.
 */
final class UnconnectedEnvironment implements Function<String, String> {
    static final String STAND_IN = "callstorm-nothing-connects";

    private final Function<String, String> environment;

    UnconnectedEnvironment(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String apply(String name) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? STAND_IN : value;
    }
}

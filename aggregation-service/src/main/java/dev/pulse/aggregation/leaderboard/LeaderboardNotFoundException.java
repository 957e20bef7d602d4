package dev.pulse.aggregation.leaderboard;

/** A leaderboard, or a member on it, that the tenant does not have. */
public class LeaderboardNotFoundException extends RuntimeException {

    public LeaderboardNotFoundException(String message) {
        super(message);
    }
}

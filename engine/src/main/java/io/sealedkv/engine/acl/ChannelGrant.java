package io.sealedkv.engine.acl;

import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.command.Text;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The channels one version of a user's rules lets it use, over all its selectors: every channel, or those
 * matching one of its channel patterns. Redis 7.0 compares the grant before and after ACL SETUSER and
 * disconnects the user's subscribers whose channels, shard channels or patterns it no longer grants.
 *
 * @param all      some selector allows every channel ({@code &*}, {@code allchannels})
 * @param patterns the channel patterns of all selectors
 */
public record ChannelGrant(boolean all, Set<String> patterns) {

    /** True when this grant keeps everything {@code earlier} granted: every channel, or all its patterns. */
    public boolean keeps(ChannelGrant earlier) {
        return all || (!earlier.all && patterns.containsAll(earlier.patterns));
    }

    /**
     * True when subscriptions to {@code channels} (ordinary or shard) and {@code subscribedPatterns} are all
     * granted; a subscribed pattern must equal one of the patterns, as PSUBSCRIBE's permission check wants.
     */
    public boolean allows(List<byte[]> channels, List<byte[]> subscribedPatterns) {
        if (all) {
            return true;
        }
        return channels.stream().allMatch(channel -> patterns.stream()
                        .anyMatch(pattern -> Glob.matches(Text.bytes(pattern), channel, false)))
                && subscribedPatterns.stream().allMatch(subscribed -> patterns.stream()
                        .anyMatch(pattern -> Arrays.equals(Text.bytes(pattern), subscribed)));
    }
}

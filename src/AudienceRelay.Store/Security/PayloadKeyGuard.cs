namespace AudienceRelay.Store.Security;

/// <summary>
/// The start-up rule of the payload key, the same on both engines: the store records which key seals
/// its payloads (key id and key check); a node that does not hold that key refuses to start, naming
/// the settings, instead of sealing new payloads with a key the waiting ones do not open.
/// </summary>
public static class PayloadKeyGuard
{
    /// <summary>
    /// Checks the node's keys against the recorded check; true when the check must be (re)written for the
    /// current key: none recorded yet, or the recorded key is one of this node's previous keys (a rotation).
    /// A store from before key checks is vouched for by one of its payloads, which must open.
    /// </summary>
    internal static bool MustRecord(PayloadProtector protector, string? keyId, string? keyCheck, (long BatchId, byte[] Sealed)? sample)
    {
        var ring = protector.Keys;
        if (keyId is null || keyCheck is null)
        {
            if (sample is { } s)
            {
                try
                {
                    protector.Unprotect(s.Sealed, s.BatchId);
                }
                catch (PayloadUnreadableException)
                {
                    throw new PayloadKeyMismatchException(
                        $"The payload key of this node (key id {ring.CurrentId}) does not open the payloads this store holds. " +
                        "Set Store__PayloadKey or Store__PayloadKeyFile to the key they were sealed with; starting with another key would leave every waiting batch unreadable.");
                }
            }

            return true;
        }

        var key = ring.Find(keyId, keyCheck) ?? throw Mismatch(ring.CurrentId, keyId);
        return !ReferenceEquals(key, ring.Current);
    }

    public static PayloadKeyMismatchException Mismatch(string nodeKeyId, string storeKeyId) => new(
        $"The payload key of this node (key id {nodeKeyId}) is not the key of this store (key id {storeKeyId}). " +
        "Set Store__PayloadKey or Store__PayloadKeyFile to the store's key (while rotating, the new key in Store__PayloadKey and the old one in Store__PreviousPayloadKeys__0); " +
        "starting with another key would leave every waiting batch unreadable.");

    public static PayloadKeyMismatchException Missing(string keyFile, string store) => new(
        $"The payload key file {keyFile} does not exist, but the store {store} already holds payloads or a key check. " +
        "Restore that file, or point Store__PayloadKeyFile at it, or set Store__PayloadKey to the store's key; a new key is never generated for a store that holds payloads.");
}

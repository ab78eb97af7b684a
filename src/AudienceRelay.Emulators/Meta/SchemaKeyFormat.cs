namespace AudienceRelay.Emulators.Meta;

/// <summary>What a cell of a schema key must hold.</summary>
internal enum SchemaKeyFormat
{
    /// <summary>"" or a SHA-256 digest as 64 lower-case hex characters.</summary>
    Sha256,

    /// <summary>Sent as is (EXTERN_ID, MADID, app/page scoped ids).</summary>
    Raw,

    /// <summary>A non-negative number (LOOKALIKE_VALUE, value-based audiences).</summary>
    NonNegativeNumber,

    /// <summary>An integer (DATA_PROCESSING_OPTIONS_COUNTRY / _STATE).</summary>
    Integer,

    /// <summary>An array of data processing options, e.g. <c>[]</c> or <c>["LDU"]</c>.</summary>
    OptionList,
}

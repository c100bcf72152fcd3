namespace ErPipeline.Access;

/// <summary>Who may see what (shared/DOMAIN.md §5).</summary>
public enum Role
{
    /// <summary>Everything: aggregates unsuppressed, row-level visits with identities.</summary>
    Admin,

    /// <summary>Aggregates with small cells suppressed; row-level visits masked (surrogate keys, 90+, no conditions).</summary>
    Analyst,

    /// <summary>Receives alerts about identified patients; may not read the feed or bulk visits.</summary>
    Clinician,
}

/// <summary>The feed's endpoints, for permissions.</summary>
public enum FeedEndpoint
{
    Kpis,
    Visits,

    /// <summary>Acknowledging a patient's open alerts: the on-call clinician's act.</summary>
    Acknowledge,
}

/// <summary>Role names as they appear in settings, principals and the feed, and what each may read.</summary>
public static class Roles
{
    public static string Name(Role role) => role switch
    {
        Role.Admin => "admin",
        Role.Analyst => "analyst",
        Role.Clinician => "clinician",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? name, out Role role)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "admin":
                role = Role.Admin;
                return true;
            case "analyst":
                role = Role.Analyst;
                return true;
            case "clinician":
                role = Role.Clinician;
                return true;
            default:
                role = default;
                return false;
        }
    }

    public static bool MayRead(Role role, FeedEndpoint endpoint) => endpoint == FeedEndpoint.Acknowledge
        ? role is Role.Admin or Role.Clinician
        : role is Role.Admin or Role.Analyst;
}

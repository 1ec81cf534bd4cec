"""Official sanctions and restricted-party list importers into FollowTheMoney entities."""

// Replaced by the QuickStart implementation.
return 0;

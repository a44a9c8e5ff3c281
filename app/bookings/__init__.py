"""Bookings, in three parts that share nothing but their purpose: the shared minibus and rooms
(`resources`), places on cluster events (`places`), and meeting slots families book (`meetings`).
Each is a blueprint package of its own."""

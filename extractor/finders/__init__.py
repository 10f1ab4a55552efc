"""finders"""
